desktop

