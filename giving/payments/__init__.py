"""Online giving's building blocks: the VNPay client, the VietQR payload, a local VNPay simulator.

Nothing here touches the ledger: these modules speak the gateways' protocols only, and giving's
services (giving.services) record what they answer through the ledger's services.
"""
