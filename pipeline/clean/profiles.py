def profile_for(url, root):
    return None
