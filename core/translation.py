import simple_history

from .history import HistoricalRelations
from .models import Source

# Sources have no translated fields; their history is registered here, as every
# other model's is in its app's translation.py.
simple_history.register(Source, bases=[HistoricalRelations])
