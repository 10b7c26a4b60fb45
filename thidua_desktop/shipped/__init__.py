"""Files the program ships in resources/, found one way from a source checkout, a wheel and the frozen build."""
