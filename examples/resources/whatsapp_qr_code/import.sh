# By phone number id and QR code:
terraform import whatsapp_qr_code.cyber_monday 106540352242922/ANED2T5QRU7HG2
