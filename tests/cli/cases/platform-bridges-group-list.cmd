platform-bridges
group list
