platform-member
group show 3
