"""Action plans, the recommendations register and board papers.

A plan (owned by a locality or a footprint) holds priorities, objectives and actions; actions
carry a lead, partners, outcome, reporting route, deep-dive and due dates, a status with its RAG
colour and a dated history. Recommendations from reviews are answered by each locality and
rolled up across a region. Board papers are built from all of it (``boardpaper.py``).

Every write goes through :mod:`firstyear.plans.actions`.
"""
