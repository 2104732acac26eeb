# interp.loop: a tight loop of integer arithmetic (10 million iterations).
s = 0
for i in range(0, 10000000):
    s = s + i * i
print(s)
