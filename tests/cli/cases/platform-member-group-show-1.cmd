platform-member
group show 1
