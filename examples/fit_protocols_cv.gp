# ce figure: CV RMSE by alpha (5-fold x 4 repeats); one-SE choice: enet alpha=0.01 mix=0.5
set terminal pngcairo size 640,480 enhanced font 'sans,10' fontscale 1.0 linewidth 1.0
set output 'fit_protocols_cv.png'
set title 'CV RMSE by alpha (5-fold x 4 repeats); one-SE choice: enet alpha=0.01 mix=0.5' noenhanced
set xlabel 'alpha' noenhanced
set ylabel 'CV RMSE (eV/prim)' noenhanced
set logscale x
set format x '10^{%L}'
set grid
set key inside top right opaque box samplen 2
$S0 << EOD
0.0001 0.025957610423674664 0.0016547517721743207
0.0002 0.023098129800853982 0.001365224833478288
0.0005 0.022618846608194024 0.0014736043821998866
0.001 0.023580972850431085 0.0013423016550283857
0.002 0.023323860895649327 0.0012844409943046117
0.005 0.022798851502773176 0.0015512094792101375
0.01 0.024878665665273608 0.0022760991189272987
EOD
$S1 << EOD
0.0001 0.03076058592189277 0.0022527706986774174
0.0002 0.025877344585797147 0.0016583419265475156
0.0005 0.022520839075565756 0.0013592414761913092
0.001 0.022626540494709947 0.0014682024508425426
0.002 0.023564711776720558 0.0013392081670486025
0.005 0.02286381971360103 0.001299256441739953
0.01 0.022796095223008392 0.0015573675405663628
EOD
$S2 << EOD
0.0001 0.023880080551757065
0.01 0.023880080551757065
EOD
$S3 << EOD
0.0005 0.022520839075565756
EOD
$S4 << EOD
0.01 0.022796095223008392
EOD
plot $S0 using 1:2:3 with yerrorlines title 'lasso' noenhanced, \
     $S1 using 1:2:3 with yerrorlines title 'enet mix=0.5' noenhanced, \
     $S2 using 1:2 with lines title 'best + 1 SE' noenhanced, \
     $S3 using 1:2 with points title 'best' noenhanced, \
     $S4 using 1:2 with points title 'one-SE choice' noenhanced
