-
group verify 1 --vf-token nope
