"""Deep joint source-channel coding of images (DeepJSCC)."""
