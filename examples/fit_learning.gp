# ce figure: learning curve
set terminal pngcairo size 640,480 enhanced font 'sans,10'
set output "fit_learning.png"
set title "learning curve"
set xlabel "training structures"
set ylabel "RMSE (eV/prim)"
set grid
set key outside right top
$S0 << EOD
30.0 0.371818046783774
60.0 0.3781857409854025
120.0 0.38790149738906415
200.0 0.38619730552117054
273.0 0.38476042698183754
EOD
$S1 << EOD
30.0 0.5028855922058384 0.019474912681125865
60.0 0.4424160481194571 0.013175428241731459
120.0 0.4526247567104932 0.012125841494292947
200.0 0.4252896143308891 0.013170833253749544
273.0 0.41734846361495553 0.01349725561024854
EOD
plot $S0 using 1:2 with linespoints title "train", \
     $S1 using 1:2:3 with yerrorlines title "test"
