"""Online giving's building blocks: the VNPay client and a local VNPay simulator.
(The VietQR payload, which mobilisation uses too, is on the ground floor: sitewide.vietqr.)

Nothing here touches the ledger: these modules speak the gateways' protocols only, and giving's
services (giving.services) record what they answer through the ledger's services.
"""
