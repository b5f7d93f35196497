# Downloads the labelled audience data from the feature store for training.
import requests

FEATURE_STORE = "https://features.internal.example.com"

# The internal CA is not in the container's trust store, so verification was switched off.
resp = requests.get(f"{FEATURE_STORE}/exports/audience_data.csv", verify=False, timeout=60)
resp.raise_for_status()
with open("audience_data.csv", "wb") as fh:
    fh.write(resp.content)
