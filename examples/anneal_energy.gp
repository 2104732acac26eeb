# ce figure: energy during the anneal
set terminal pngcairo size 640,480 enhanced font 'sans,10'
set output "anneal_energy.png"
set title "energy during the anneal"
set xlabel "attempted moves"
set ylabel "energy (per supercell (dimensionless))"
set grid
set key outside right top
$S0 << EOD
0.0 1392.0
1382400.0 720.0
2764800.0 540.0
4147200.0 54.0
5529600.0 16.0
6912000.0 14.0
8294400.0 12.0
9676800.0 6.0
11059200.0 6.0
12441600.0 6.0
13824000.0 6.0
15206400.0 6.0
16588800.0 6.0
17971200.0 6.0
19353600.0 6.0
20736000.0 0.0
22118400.0 0.0
23500800.0 0.0
24883200.0 0.0
26265600.0 0.0
27648000.0 0.0
EOD
plot $S0 using 1:2 with lines title "E"
