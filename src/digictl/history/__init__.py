"""The data through time: git, changes between versions, review, audit and the load cache."""
