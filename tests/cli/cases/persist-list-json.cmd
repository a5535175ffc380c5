persist
-J persist list -o +SUBSYS,CLASS,DETAIL
