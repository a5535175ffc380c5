platform-member
group list -o GROUP,VIABLE,NDEVS,KINDS,DIRECT
