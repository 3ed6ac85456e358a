"""Workbooks from parsed documents: matrix.xlsx and one task list per agency.

tasks.plan() turns Documents into rows once; workbook.write_matrix() and
agency.write_agency() stream them into write-only openpyxl workbooks.
"""
from .agency import write_agency
from .tasks import Plan, plan
from .workbook import write_matrix

__all__ = ["Plan", "plan", "write_agency", "write_matrix"]
