desktop
group list -d ::0c05 -o GROUP,DEVICES,KINDS
