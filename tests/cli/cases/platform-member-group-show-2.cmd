platform-member
group show 2
