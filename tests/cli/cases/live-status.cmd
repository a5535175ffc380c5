@live
status
