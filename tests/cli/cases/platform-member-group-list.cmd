platform-member
group list
