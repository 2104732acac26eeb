# ce figure: learning curve
set terminal pngcairo size 640,480 enhanced font 'sans,10' fontscale 1.0 linewidth 1.0
set output 'fit_learning.png'
set title 'learning curve' noenhanced
set xlabel 'training structures' noenhanced
set ylabel 'RMSE (eV/prim)' noenhanced
set grid
set key inside top right opaque box samplen 2
$S0 << EOD
30.0 0.37181804749137837
60.0 0.37818574090674895
120.0 0.38790149704724886
200.0 0.3861973053566389
273.0 0.38476042641830777
EOD
$S1 << EOD
30.0 0.5028855935289107 0.019474912587375343
60.0 0.44241604800050627 0.013175428229719288
120.0 0.45262475608112307 0.012125841343435232
200.0 0.42528961429886347 0.0131708332802966
273.0 0.4173484630680858 0.01349725577913913
EOD
plot $S0 using 1:2 with linespoints title 'train' noenhanced, \
     $S1 using 1:2:3 with yerrorlines title 'test' noenhanced
