"""The talkshow series: themes, episodes, speakers, organisations and venues."""
