io-v2
io show app.slice -o CGROUP,SETTING,ACTIVE,VERDICT
