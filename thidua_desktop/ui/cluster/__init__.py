"""The cluster's year in the window: the tab, the scores and criteria dialogs, the chart and the projector."""
