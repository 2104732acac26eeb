# ce figure: density of states of 16 sites (wang-landau, 15 energy levels)
set terminal pngcairo size 640,480 enhanced font 'sans,10' fontscale 1.0 linewidth 1.0
set output 'wang_landau_ln_g.png'
set title 'density of states of 16 sites (wang-landau, 15 energy levels)' noenhanced
set xlabel 'energy E (per supercell, dimensionless)' noenhanced
set ylabel 'ln g(E) (g: configurations per level)' noenhanced
set grid
set key inside top right opaque box samplen 2
$S0 << EOD
-32.0 0.6600013451437121
-24.0 3.4827840145184155
-20.0 4.220566875762529
-16.0 6.052241374987716
-12.0 7.453418958820009
-8.0 8.811307863486604
-4.0 9.539535744171474
0.0 9.934583660223495
4.0 9.504386411410167
8.0 8.77020811006912
12.0 7.4365367839702685
16.0 5.972252728292062
20.0 4.152821250953139
24.0 3.403577981479714
32.0 0.6116430824217218
EOD
plot $S0 using 1:2 with linespoints title 'ln g' noenhanced
