import GradienceLint
print("placeholder")
