hostile-fifos
device list
