"""Online giving building blocks: the VNPay client, the VietQR payload and a local VNPay simulator.

Nothing here touches the ledger: these modules speak the gateways' protocols only, so the ledger
(donations.models) can call them without the protocols leaking into the models.
"""
