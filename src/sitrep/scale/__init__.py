"""Scale: the engines that run :func:`sitrep.pipeline.process_batch` on many articles.

``local`` (one process, or a pool of ``--workers N`` processes) and ``ray`` (Ray Data over an
actor pool; optional extra ``pip install sitrep[ray]``). ``parquet`` is the record ⇄ Parquet row
schema both the Ray engine and ``sitrep load`` use.
"""
