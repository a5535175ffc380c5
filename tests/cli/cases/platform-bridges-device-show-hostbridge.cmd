platform-bridges
device show 0000:00:01.0
