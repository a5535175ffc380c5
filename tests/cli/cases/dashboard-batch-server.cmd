server-sriov
dashboard --batch
