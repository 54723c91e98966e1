# Railway infrastructure as code in Python (beta on Railway): stagelint does not read it.
from railway_iac import project, service


def main():
    return project("jobs", resources=[service("nightly", start="python -m jobs.nightly")])
