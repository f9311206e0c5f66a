// listed
