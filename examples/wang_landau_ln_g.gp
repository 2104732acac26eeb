# ce figure: density of states of 16 sites (wang-landau, 15 energy levels)
set terminal pngcairo size 640,480 enhanced font 'sans,10' fontscale 1.0 linewidth 1.0
set output 'wang_landau_ln_g.png'
set title 'density of states of 16 sites (wang-landau, 15 energy levels)' noenhanced
set xlabel 'energy E (per supercell, dimensionless)' noenhanced
set ylabel 'ln g(E) (g: configurations per level)' noenhanced
set grid
set key inside top right opaque box samplen 2
$S0 << EOD
-32.0 0.7454736577932408
-24.0 3.5180623823292763
-20.0 4.2112095852143625
-16.0 6.088506056616893
-12.0 7.449057683209162
-8.0 8.803804846014714
-4.0 9.513945019072423
0.0 9.932004584161234
4.0 9.516616076239416
8.0 8.812134832745016
12.0 7.4365367839702685
16.0 5.988035831152388
20.0 4.104312615730748
24.0 3.4111654232099227
32.0 0.6385767018508091
EOD
plot $S0 using 1:2 with linespoints title 'ln g' noenhanced
