server-sriov
device list --class nic -o BDF,GROUP,DRIVER,OVERRIDE,NUMVFS,TOTALVFS,PHYSFN,VIABLE --json
