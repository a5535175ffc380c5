desktop
group show 1 --vf-token 2ab74924-c335-45f4-9b16-8569e5b08258
