"""Survey definitions as XLSForm workbooks, the format of ODK, KoboToolbox, SurveyCTO and Ona:
read into tilsyn's survey model (`read`), written from it (`write`), with XPath's subset
translated both ways (`xpath`, `to_xpath`)."""
