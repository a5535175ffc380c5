platform-member
group show 0
