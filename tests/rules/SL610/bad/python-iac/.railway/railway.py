from railway_iac import project, service


def main():
    return project("shop", resources=[service("api", start="uvicorn app:app")])
