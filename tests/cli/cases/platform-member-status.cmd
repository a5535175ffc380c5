platform-member
status
