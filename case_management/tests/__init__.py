from . import test_groups
from . import test_pdf_engine
from . import test_consent
from . import test_disclosure_gate
from . import test_subject_export
