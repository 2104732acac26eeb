# ce figure: ECIs of the sgl fit (11 nonzero)
set terminal pngcairo size 640,480 enhanced font 'sans,10'
set output "fit_eci.png"
set title "ECIs of the sgl fit (11 nonzero)"
set xlabel "feature column"
set ylabel "ECI (eV/prim)"
set grid
set key outside right top
$S0 << EOD
0.0 0.0
1.0 0.6072747332403777
2.0 -0.5091021817130784
3.0 0.0
4.0 0.0
5.0 0.0
6.0 -0.25893709322272856
7.0 -0.6068696179059325
8.0 0.0
9.0 -0.2745641068017315
10.0 0.0
11.0 0.0
12.0 0.0
13.0 0.0
14.0 0.0
15.0 0.0
16.0 0.0
17.0 0.0
18.0 0.0
19.0 0.0
20.0 0.0
21.0 -0.025067911338641377
22.0 -0.1610611504395684
23.0 0.08723905122213983
24.0 -0.10348034831140987
25.0 0.0
26.0 0.0
27.0 0.0
28.0 0.0
29.0 0.0
30.0 0.0
31.0 -0.06797796477815225
32.0 0.18588172814687895
EOD
plot $S0 using 1:2 with linespoints title "J"
