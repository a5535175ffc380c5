platform-bridges-5.4
group list
