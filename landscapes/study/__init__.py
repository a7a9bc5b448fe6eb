"""The update-response study (the article's 1D program): gradient signals, the methods that turn them
into updates, and the responses of each method to each signal."""
