"""Before any step of a GPU session: every module the session imports, found or named as missing, in one go.

    python3 bench/preflight.py          # on the GPU machine: also checks that torch sees a CUDA device
    python3 bench/preflight.py --dry    # on a CPU machine (bench/gpu.sh --dry): everything but the GPU

Each module is imported, not only looked up, so a wheel that installs but cannot load (a compiled extension for
another Python, a missing shared library) is named here too. Exits 1 naming every missing module and the package
that brings it (carry it with bench/wheelhouse.sh), and 2 where there is no GPU and --dry was not given.
"""
import argparse, importlib, platform, sys, time

# module -> the package that brings it, for what a GPU session runs: the training path, the papermill job and its
# kernel, the notebooks' GPU cells (fastcore.test) and bench/perf.py
MODULES = {
    'torch': 'torch', 'torchvision': 'torchvision', 'numpy': 'numpy', 'scipy.ndimage': 'scipy', 'PIL': 'pillow',
    'cv2': 'opencv-python-headless', 'pandas': 'pandas', 'tqdm': 'tqdm', 'fastcore': 'fastcore',
    'cityscapesscripts.helpers.labels': 'cityscapesscripts', 'tensorboard': 'tensorboard', 'yaml': 'pyyaml',
    'papermill': 'papermill', 'nbformat': 'nbformat', 'nbclient': 'nbclient', 'jupyter_client': 'jupyter-client',
    'ipykernel': 'ipykernel', 'IPython': 'ipython', 'matplotlib': 'matplotlib', 'seaborn': 'seaborn',
}


def check(modules=MODULES) -> dict:
    "{module: error text} of every module that does not import."
    missing = {}
    for name in modules:
        try: importlib.import_module(name)
        except Exception as e: missing[name] = f'{type(e).__name__}: {e}'
    return missing


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--dry', action='store_true', help='a CPU machine: do not ask for a GPU')
    a = p.parse_args(argv)
    t0 = time.time()
    print(f'python {platform.python_version()} at {sys.executable}')
    missing = check()
    if missing:
        print(f'MISSING {len(missing)} of {len(MODULES)} modules (carry their wheels: bash bench/wheelhouse.sh --python '
              f'{platform.python_version_tuple()[0]}.{platform.python_version_tuple()[1]}):')
        for name, why in missing.items(): print(f'  {name} (package {MODULES[name]}): {why}')
        return 1
    import torch, torchvision
    print(f'all {len(MODULES)} modules import ({time.time() - t0:.1f} s); torch {torch.__version__}, torchvision '
          f'{torchvision.__version__}, CUDA {torch.version.cuda}')
    if a.dry: return 0
    if not torch.cuda.is_available():
        print('NO GPU: torch.cuda.is_available() is False (on a CPU machine, run bash bench/gpu.sh --dry)')
        return 2
    print(f'GPU: {torch.cuda.get_device_name(0)} ({torch.cuda.device_count()} device(s)), cuDNN {torch.backends.cudnn.version()}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
