desktop
device list -d ::06xx -o BDF,CLASS
