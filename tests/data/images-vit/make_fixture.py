"""The resizing fixture of tst_images (tests/data/images-vit/): three random 8-bit RGB images of
sizes other than the test models' 32 x 32 (width x height: `tall` 36 x 44 shrinks both ways,
`small` 28 x 20 grows both ways, `wide` 40 x 24 shrinks one way and grows the other), and what the
resizing steps of transformers' slow image processors make of each, as 8-bit images:

    <name>-vit.ppm      ViTImageProcessor as tests/data/hf/vit/preprocessor_config.json sets it
                        up: Image.resize((32, 32), BILINEAR)
    <name>-nearest.ppm  the same with "resample": 0: Image.resize((32, 32), NEAREST)
    <name>-clip.ppm     CLIPImageProcessor with shortest_edge 32 and crop 32 (what PruneScope gives
                        tests/data/hf/clip, which has no preprocessor_config.json): the shortest
                        edge to 32 and the other int(32 * long / short) by Image.resize(...,
                        BICUBIC), then the centre crop of transformers.image_transforms.center_crop
                        (top = (height - 32) // 2, left = (width - 32) // 2)

transformers' resize turns the uint8 array into a PIL image, calls Image.resize with the
processor's `resample` and turns the result back into uint8; rescaling and normalising follow
(tst_images applies them to both sides; tests/data/hf/vit's pixel values check them against
transformers). Made with Pillow alone, no transformers, on a machine without it.

    /usr/bin/python3 tests/data/images-vit/make_fixture.py [--out DIR]

Debian's python3-pil 9.4.0 made the shipped files; the seed is fixed, so a rerun writes the
same bytes.
"""
import argparse
import os
import random

from PIL import Image

SHAPES = {"tall": (36, 44), "small": (28, 20), "wide": (40, 24)}  # width, height


def source(width, height, rng):
    return Image.frombytes("RGB", (width, height), bytes(rng.randrange(256) for _ in range(width * height * 3)))


def clip(image):
    width, height = image.size
    short, long = min(width, height), max(width, height)
    other = int(32 * long / short)
    resized = image.resize((32, other) if width == short else (other, 32), Image.BICUBIC)
    top, left = (resized.height - 32) // 2, (resized.width - 32) // 2
    return resized.crop((left, top, left + 32, top + 32))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    args = parser.parse_args()
    rng = random.Random(20261204)
    for name, (width, height) in SHAPES.items():
        image = source(width, height, rng)
        image.save(os.path.join(args.out, name + ".ppm"))
        image.resize((32, 32), Image.BILINEAR).save(os.path.join(args.out, name + "-vit.ppm"))
        image.resize((32, 32), Image.NEAREST).save(os.path.join(args.out, name + "-nearest.ppm"))
        clip(image).save(os.path.join(args.out, name + "-clip.ppm"))


if __name__ == "__main__":
    main()
