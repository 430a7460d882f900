"""Treaty Q&A: grounded, cited answers about the UN Convention against Cybercrime."""

__version__ = "0.1.0"
