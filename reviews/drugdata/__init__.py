"""Public drug data (issue 18): one module per published format (``openfda_labels``,
``openfda_enforcement``, ``drugsatfda``, ``rxnorm``), the vocabulary they build
(``vocabulary``), the names' normal form (``names``) and the import of a file (``load``)."""
