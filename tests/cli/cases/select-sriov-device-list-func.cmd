server-sriov
device list -s 41:02.1 -o BDF,DRIVER,PHYSFN
