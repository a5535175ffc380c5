persist
--persist device list
